import { uploadPostbackId } from './upload-postback-id';

describe('uploadPostbackId', () => {
  it('is a version-5 UUID that depends on the row only', () => {
    const id = uploadPostbackId(['01JD3', 'sale', 'T-1', 'approved', '12.5', null]);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uploadPostbackId(['01JD3', 'sale', 'T-1', 'approved', '12.5', undefined])).toBe(id);
    expect(uploadPostbackId(['01JD3', 'sale', 'T-1', 'declined', '12.5', null])).not.toBe(id);
    // No ambiguity from joining: the parts are a JSON array.
    expect(uploadPostbackId(['a,b', 'c'])).not.toBe(uploadPostbackId(['a', 'b,c']));
  });
});
