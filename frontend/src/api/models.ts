// Wire types, derived from the generated OpenAPI schema (never written by hand).
import type { components, paths } from './schema';

type JsonBody<R> = R extends { content: { 'application/json': infer B } } ? B : never;

export type TokenPair = JsonBody<paths['/api/v1/auth/login']['post']['responses'][200]>;
export type CurrentUser = JsonBody<paths['/api/v1/me']['get']['responses'][200]>;
export type Agency = JsonBody<paths['/api/v1/agencies/{id}']['get']['responses'][200]>;
export type AgencyTreeNode = JsonBody<paths['/api/v1/agencies/{id}/tree']['get']['responses'][200]>;
export type AgencyKind = Agency['kind'];
export type AgencyStatus = Agency['status'];
export type CreateAgencyBody = NonNullable<paths['/api/v1/agencies']['post']['requestBody']>['content']['application/json'];
export type UpdateAgencyBody = NonNullable<paths['/api/v1/agencies/{id}']['patch']['requestBody']>['content']['application/json'];
export type User = JsonBody<paths['/api/v1/users/{id}']['get']['responses'][200]>;
export type Role = User['roles'][number];
export type UserPage = JsonBody<paths['/api/v1/users']['get']['responses'][200]>;
export type UserListQuery = NonNullable<paths['/api/v1/users']['get']['parameters']['query']>;
export type CreateUserBody = NonNullable<paths['/api/v1/users']['post']['requestBody']>['content']['application/json'];
export type UpdateUserBody = NonNullable<paths['/api/v1/users/{id}']['patch']['requestBody']>['content']['application/json'];
export type AuditPage = JsonBody<paths['/api/v1/audit']['get']['responses'][200]>;
export type AuditEntry = AuditPage['items'][number];
export type AuditQuery = NonNullable<paths['/api/v1/audit']['get']['parameters']['query']>;
export type ChangePasswordBody = NonNullable<paths['/api/v1/me/password']['post']['requestBody']>['content']['application/json'];
export type Problem = components['schemas']['Problem'];

export const AGENCY_KINDS = ['central', 'ministry', 'province', 'commune', 'department', 'other'] as const satisfies readonly AgencyKind[];
export const ROLES = ['admin', 'agency_admin', 'planner', 'reporter', 'approver', 'viewer'] as const satisfies readonly Role[];
