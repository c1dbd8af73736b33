/**
 * Masking of known secret values in output: {@link dev.coffer.leaks.mask.Masker} builds one
 * automaton over the values and their encodings, {@link dev.coffer.leaks.mask.MaskingOutputStream}
 * filters a stream through it, {@link dev.coffer.leaks.mask.MaskingPump} copies an input stream
 * into one and writes held bytes out when the input goes quiet, and
 * {@link dev.coffer.leaks.mask.ValuesFile} reads a file of values. Used by {@code coffer mask} and
 * {@code coffer run}.
 */
package dev.coffer.leaks.mask;
