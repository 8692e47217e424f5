import { describe, expect, it } from 'vitest';
import { applyAssignment, parseAssignment } from './warm-protocol.js';

describe('the warm child assignment', () => {
  it('sets and unsets exactly the per-run variables it carries', () => {
    const env: NodeJS.ProcessEnv = { PATH: '/bin', LEGION_PAYLOAD: 'stale', LEGION_TASK_MODULE: 'stale.ts' };
    const assignment = parseAssignment(JSON.stringify({ env: { LEGION_TASK_ID: 'report', LEGION_RUN_ID: 'r1', LEGION_PAYLOAD: null, LEGION_TASK_MODULE: null } }));
    applyAssignment(assignment, env);
    expect(env).toEqual({ PATH: '/bin', LEGION_TASK_ID: 'report', LEGION_RUN_ID: 'r1' });
  });

  it('refuses anything but per-run LEGION_* strings', () => {
    expect(() => parseAssignment('{"env":{"PATH":"/tmp/evil"}}')).toThrow('legion warm child: the assignment sets "PATH", which is not a per-run variable');
    expect(() => parseAssignment('{"env":{"LEGION_TASK_ID":42}}')).toThrow("legion warm child: the assignment's LEGION_TASK_ID is not a string");
    expect(() => parseAssignment('{"taskId":"x"}')).toThrow('legion warm child: the assignment has no env object');
    expect(() => parseAssignment('null')).toThrow('legion warm child: the assignment has no env object');
    expect(() => parseAssignment('not json')).toThrow(SyntaxError);
  });
});
