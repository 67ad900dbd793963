export * from './offer-url-tokens';
export * from './offer-url.template';
