// A version's label in words, from the change that made it: "Edited 1 pair, deleted 2".
import type { VersionChange } from '../../shared/dataset/versions';

export function describeChange(change: VersionChange): string {
  const parts: string[] = [];
  const count = (n: number, verb: string) => n && parts.push(`${verb} ${n.toLocaleString('en')} pair${n === 1 ? '' : 's'}`);
  count(change.replace?.length ?? 0, 'edited');
  count(change.remove?.length ?? 0, 'deleted');
  count(change.restore?.length ?? 0, 'restored');
  count(change.add?.length ?? 0, 'added');
  if (parts.length === 0) return 'No change';
  const text = parts.join(', ');
  return text[0].toUpperCase() + text.slice(1);
}
