import { SetMetadata } from '@nestjs/common';
import type { Role } from './request-context.js';

export const ROLES_KEY = 'labour-export:roles';
export const PUBLIC_KEY = 'labour-export:public';

/** The roles that may call an endpoint. Endpoints without @Roles or @Public are refused to everyone. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Callable without logging in (login, health). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export const CITY_WIDE_KEY = 'labour-export:city-wide';

/**
 * A change the city's own staff may make (the offices, users, policy and calendar they keep for
 * every county, signing out). Every other change is a county's or a station's: city staff read.
 */
export const CityWide = () => SetMetadata(CITY_WIDE_KEY, true);
