// A test file inside a discovered folder must never be imported by discovery.
throw new Error('discovery imported a test file');
