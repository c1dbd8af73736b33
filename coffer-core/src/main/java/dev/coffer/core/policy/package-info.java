/**
 * Vault's ACL policy language and its evaluation, as a pure library: no storage, no clock, no
 * I/O.
 *
 * <ul>
 *   <li>{@link dev.coffer.core.policy.Policy#parse} reads a policy written in Vault's HCL or in
 *       the same structure as JSON, and refuses anything it does not understand.
 *   <li>{@link dev.coffer.core.policy.Acl} compiles several policies into one immutable
 *       structure and answers, for a request path, which capabilities are granted and whether an
 *       operation is allowed, with Vault's "most specific pattern wins" rules and default deny.
 *   <li>{@link dev.coffer.core.policy.PathNormalizer} refuses request paths that could make a
 *       textual pattern match something it was not meant to ({@code ..}, {@code //}, control
 *       characters, encoded separators). The core calls it before it asks the ACL.
 * </ul>
 */
package dev.coffer.core.policy;
