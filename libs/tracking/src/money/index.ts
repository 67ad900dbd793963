export * from './decimal-amount';
export * from './iso-4217';
export * from './money';
export * from './network-amount';
