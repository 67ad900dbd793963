export * from './source-postback-url';
