import { ArrayNotEmpty, IsString, MinLength } from 'class-validator';
import { ToList } from './env-transforms';
import { Secret } from './secret.decorator';

/**
 * The click-ID secrets, newest first (comma-separated): IDs are signed with the first, older ones
 * keep verifying during a rotation. Applied to an optional property, an unset list is allowed.
 */
export function ClickIdSecretList(): PropertyDecorator {
  const decorators = [
    Secret(),
    ToList(),
    IsString({ each: true }),
    MinLength(16, { each: true, message: 'each secret must be at least 16 characters' }),
  ];
  return (target, key) => {
    for (const decorate of decorators) decorate(target, key);
  };
}

/** CLICK_ID_SECRETS, required: the click service signs with them, the ingress verifies. */
export class ClickIdSecretsEnv {
  @ClickIdSecretList()
  @ArrayNotEmpty({ message: 'must list at least one secret (comma-separated, newest first)' })
  CLICK_ID_SECRETS!: string[];
}
