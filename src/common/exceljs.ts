/**
 * exceljs, loaded on first use: the API and the worker both load the whole module graph at
 * start, and exceljs made each about 27 MB larger, though the worker seldom writes a sheet.
 */
import type ExcelJSModule from 'exceljs';

export type ExcelJS = typeof ExcelJSModule;

let loading: Promise<ExcelJS> | undefined;

export function excel(): Promise<ExcelJS> {
  loading ??= import('exceljs').then((m) => m.default);
  return loading;
}
