import { useState } from 'preact/hooks';
import { ApiFailure, messageOf, type FieldErrors } from './api';

/** A form's refusal: the API's message, and its messages per field (shown beside each field). */
export function useFormErrors() {
  const [fields, setFields] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  return {
    fields,
    error,
    setFields,
    clear: () => {
      setFields({});
      setError(null);
    },
    fail: (failure: unknown) => {
      setFields(failure instanceof ApiFailure ? failure.fields : {});
      setError(messageOf(failure));
    },
  };
}
