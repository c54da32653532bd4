/** The limit EventBridge documented for a PutEvents entry when this was written. */
export const MAX_ENTRY_BYTES = 256 * 1024;

/** An accepted entry, before it becomes an event with an id. */
export interface CheckedEntry {
  busName: string;
  source: string;
  detailType: string;
  detail: Record<string, unknown>;
  resources: string[];
  time: Date | undefined;
}

export interface EntryError {
  ErrorCode: string;
  ErrorMessage: string;
}

/**
 * Checks one PutEvents entry the way EventBridge does for the fields we use, with its error
 * codes and wording (InvalidArgument for a missing field, MalformedDetail for Detail that is
 * not a JSON object). A bad entry fails alone; the rest of the request still goes through.
 */
export function checkEntry(entry: unknown, busNameOf: (nameOrArn: string) => string | undefined): CheckedEntry | EntryError {
  if (typeof entry !== 'object' || entry === null) return invalidArgument('Entry', 'Entry must be an object.');
  const { Source, DetailType, Detail, EventBusName, Resources, Time } = entry as Record<string, unknown>;
  for (const [name, value] of Object.entries({ Source, DetailType, Detail })) {
    if (typeof value !== 'string' || value.length === 0) return invalidArgument(name, `${name} is a required argument.`);
  }
  const detail = parseObject(Detail as string);
  if (!detail) return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
  if (Resources !== undefined && (!Array.isArray(Resources) || Resources.some((resource) => typeof resource !== 'string'))) {
    return invalidArgument('Resources', 'Resources must be a list of strings.');
  }
  const time = Time === undefined ? undefined : new Date(typeof Time === 'number' ? Time * 1000 : String(Time));
  if (time && Number.isNaN(time.getTime())) return invalidArgument('Time', 'Time must be a timestamp.');
  const resources = (Resources as string[] | undefined) ?? [];
  const size = entrySize(Source as string, DetailType as string, Detail as string, resources, time !== undefined);
  if (size > MAX_ENTRY_BYTES) return invalidArgument('Entry', `Entry size ${size} bytes exceeds the limit of ${MAX_ENTRY_BYTES} bytes.`);
  const busNameOrArn = typeof EventBusName === 'string' && EventBusName.length > 0 ? EventBusName : 'default';
  const busName = busNameOf(busNameOrArn);
  if (busName === undefined) return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${busNameOrArn} does not exist.` };
  return { busName, source: Source as string, detailType: DetailType as string, detail, resources, time };
}

/** EventBridge's documented entry size: UTF-8 bytes of the fields, plus 14 for a Time. */
function entrySize(source: string, detailType: string, detail: string, resources: string[], hasTime: boolean): number {
  const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
  return (hasTime ? 14 : 0) + bytes(source) + bytes(detailType) + bytes(detail) + resources.reduce((sum, resource) => sum + bytes(resource), 0);
}

function parseObject(json: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function invalidArgument(parameter: string, reason: string): EntryError {
  return { ErrorCode: 'InvalidArgument', ErrorMessage: `Parameter ${parameter} is not valid. Reason: ${reason}` };
}
