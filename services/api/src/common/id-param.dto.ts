import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/** `/:id` of catalog rows: a malformed id is a 400 naming `id`, never a database error. */
export class IdParamDto {
  // Declared for Swagger, which turns a `@Param()` class into one path parameter per property.
  @ApiProperty({ format: 'uuid', description: 'the row id' })
  @IsUUID()
  readonly id!: string;
}
