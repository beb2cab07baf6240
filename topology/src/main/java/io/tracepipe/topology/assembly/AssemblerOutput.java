package io.tracepipe.topology.assembly;

/** What the assembler forwards: a complete trace (or a late part of one), or the end of a run of emissions. */
public sealed interface AssemblerOutput permits AssembledTrace, BatchEnd {}
