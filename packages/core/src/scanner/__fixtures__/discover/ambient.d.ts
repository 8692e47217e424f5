declare const neverImported: string;
