// ts-jest wants a transformer with name/version/factory; this wraps @nestjs/swagger's CLI plugin with the
// options of nest-cli.json, so tests compile DTOs exactly as `nest build` does.
const plugin = require('@nestjs/swagger/plugin');
const nestCli = require('../nest-cli.json');

const options = nestCli.compilerOptions.plugins.find((p) => p.name === '@nestjs/swagger').options;

module.exports = {
  name: 'nestjs-swagger-transformer',
  version: 1,
  factory: (compilerInstance) => plugin.before(options, compilerInstance.program),
};
