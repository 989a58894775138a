import { registerDecorator, ValidationArguments } from 'class-validator';

/** Two ways of saying one thing in one body: refuse rather than guess which was meant. */
export function NotWith(other: string): PropertyDecorator {
  return (object, propertyName) =>
    registerDecorator({
      name: 'notWith',
      target: object.constructor,
      propertyName: propertyName as string,
      options: { message: `send either ${String(propertyName)} or ${other}, not both` },
      validator: {
        validate: (_: unknown, args: ValidationArguments) =>
          (args.object as Record<string, unknown>)[other] === undefined,
      },
    });
}
