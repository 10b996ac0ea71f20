import { Controller, Inject, Optional, Type } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { HealthCheckResponse } from '@app/contracts';

/** A service's answer to `<service>.health.check.v1`: alive, and its database answers. */
export function createHealthController(service: string, subject: string): Type<unknown> {
  @Controller()
  class HealthController {
    constructor(@Optional() @Inject(DataSource) private readonly ds?: DataSource) {}

    @MessagePattern(subject)
    async check(): Promise<HealthCheckResponse> {
      const checks: Record<string, boolean> = {};
      if (this.ds) {
        checks.database = await this.ds.query('SELECT 1').then(
          () => true,
          () => false,
        );
      }
      return { service, ok: Object.values(checks).every(Boolean), checks };
    }
  }
  return HealthController;
}
