import { registerDecorator, ValidationArguments } from 'class-validator';

/** A destination given for a factor that does not use it is a caller mistake worth reporting. */
export function OnlyWithType(...types: string[]): PropertyDecorator {
  return (object, propertyName) =>
    registerDecorator({
      name: 'onlyWithType',
      target: object.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} is only used with type ${types.join(' or ')}` },
      validator: {
        validate: (_: unknown, args: ValidationArguments) =>
          types.includes((args.object as { type?: string }).type ?? ''),
      },
    });
}
