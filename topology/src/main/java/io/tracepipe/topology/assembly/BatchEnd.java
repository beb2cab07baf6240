package io.tracepipe.topology.assembly;

/**
 * Not a trace: the assembler sends it after each run of emissions (a punctuation, or the input
 * record that cut a trace at its span limit), so that the steps after it can write what they
 * accumulated over the run to their stores once, before any commit can happen.
 */
public record BatchEnd() implements AssemblerOutput {}
