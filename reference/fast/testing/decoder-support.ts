/**
 * Test support for the decoder (imported by *.test.ts and benches only): hex input, small
 * template sets written as XML, and a one-call decode.
 */
import type { StreamDecodeResult } from '../canonical.ts';
import { FastDecoder, type DecoderOptions } from '../decoder.ts';
import type { TemplateSet } from '../template-model.ts';
import { parseTemplates } from '../template-parser.ts';

/** "C0 81 85" -> bytes. Whitespace and '|' separate bytes. */
export function hx(hex: string): Uint8Array {
  const parts = hex.split(/[\s|]+/).filter(Boolean);
  return Uint8Array.from(parts.map((p) => {
    if (!/^[0-9a-fA-F]{2}$/.test(p)) throw new Error(`bad hex byte "${p}"`);
    return parseInt(p, 16);
  }));
}

/** A template set from template XML bodies; a bare field list becomes template "T", id 1. */
export function templates(xml: string): TemplateSet {
  const body = xml.includes('<template ') ? xml : `<template name="T" id="1">${xml}</template>`;
  return parseTemplates(`<templates xmlns="http://www.fixprotocol.org/ns/fast/td/1.1">${body}</templates>`);
}

/** Decodes a whole stream with a fresh decoder. */
export function decodeHex(xml: string, hex: string, options: DecoderOptions = {}): StreamDecodeResult {
  return new FastDecoder(templates(xml), options).decodeStream(hx(hex));
}

/** The `fields` of each decoded message, plus the error code (or null). */
export function fieldsAndError(xml: string, hex: string, options: DecoderOptions = {}): { fields: unknown[]; error: string | null } {
  const r = decodeHex(xml, hex, options);
  return { fields: r.messages.map((m) => m.fields), error: r.error?.code ?? null };
}
