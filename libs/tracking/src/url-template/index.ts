export * from './url-template';
