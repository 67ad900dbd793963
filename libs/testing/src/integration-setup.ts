// Integration tests talk to real brokers and databases: allow them more than jest's 5 s default.
jest.setTimeout(120_000);
