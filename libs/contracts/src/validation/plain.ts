/**
 * The plain JSON shape of a validation class: what producers build as object literals and what
 * consumers read, with no class identity (typescript-eslint forbids passing literals as class
 * instances). Derived, so the type cannot drift from the rules.
 */
export type Plain<T> = T extends readonly (infer Item)[]
  ? Plain<Item>[]
  : T extends object
    ? { readonly [K in keyof T]: Plain<T[K]> }
    : T;
