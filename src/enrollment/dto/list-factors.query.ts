import { IsIn, IsOptional } from 'class-validator';

/** `GET /v1/factors?include=pending` also lists enrollments that were started and never confirmed. */
export class ListFactorsQuery {
  /** `pending`: also list unconfirmed (abandoned) enrollments. */
  @IsOptional()
  @IsIn(['pending'])
  include?: 'pending';
}
