import { IsUUID } from 'class-validator';

/** `/:id` of catalog rows: a malformed id is a 400 naming `id`, never a database error. */
export class IdParamDto {
  @IsUUID()
  readonly id!: string;
}
