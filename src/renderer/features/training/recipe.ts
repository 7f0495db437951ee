// The CoNaLa recipe's data, found among the datasets the studio offers: curated CoNaLa to split
// (conala-train.json) and CoNaLa-Large's training file to add (CoNaLa-Large_train.csv). Datasets
// the user imported come first (they are what they curated), then the files this machine has in
// ../shared/data. Matched by name, so an import keeps working under the file's own name.
import type { DatasetSummary } from '../../../shared/api/types';
import type { TrainConfig } from '../../../shared/config/train-config';

export interface RecipeData {
  /** Curated CoNaLa: split, so its validation and test scores are the recipe's. */
  main: DatasetSummary | null;
  /** CoNaLa-Large training pairs: added to training only. */
  extra: DatasetSummary | null;
}

const CONALA = /conala/i;
const LARGE = /large|mined/i;
/** Held-out files are never training data. */
const HELD_OUT = /valid|test|\bdev\b/i;

function isMain(d: DatasetSummary): boolean {
  return CONALA.test(d.name) && !LARGE.test(d.name) && !HELD_OUT.test(d.name);
}

function isExtra(d: DatasetSummary): boolean {
  return CONALA.test(d.name) && LARGE.test(d.name) && !HELD_OUT.test(d.name);
}

function first(datasets: readonly DatasetSummary[], match: (d: DatasetSummary) => boolean): DatasetSummary | null {
  return datasets.find((d) => d.stored && match(d)) ?? datasets.find((d) => !d.stored && match(d)) ?? null;
}

export function findRecipeData(datasets: readonly DatasetSummary[]): RecipeData {
  return { main: first(datasets, isMain), extra: first(datasets, isExtra) };
}

export interface RecipeReport {
  /** What the recipe set up. */
  done: string[];
  /** What the user has to do for the full recipe: exactly what to import or change, and where. */
  todo: string[];
}

const origin = (d: DatasetSummary) => (d.stored ? 'your dataset' : 'a file on this machine');

/** What the recipe found and chose, given what the form now holds (the user may have changed it since) and the preset's config. */
export function describeRecipe(found: RecipeData, chosen: { datasetId: string; extraId: string }, preset: Pick<TrainConfig, 'maxMinutes' | 'tuneReranker'> | null): RecipeReport {
  const after = preset?.tuneReranker ? 'a final evaluation and tuning of its reranker' : 'a final evaluation';
  const done = [`Preset “conala” is set: ${preset?.maxMinutes ?? '?'} min of training, then ${after}.`];
  const todo: string[] = [];
  const main = found.main;
  if (!main) {
    todo.push(
      'Curated CoNaLa was not found. Import conala-train.json (in conala-corpus-v1.1.zip from conala-corpus.github.io) in Datasets (Ctrl+1), then press “CoNaLa recipe” again. Until then the run trains on the dataset selected below.',
    );
  } else if (chosen.datasetId === main.id) {
    // A file is split by question when the run starts; a stored version is split as it says.
    if (!main.stored || main.stored.splitByQuestion) done.push(`Splits “${main.name}” (${origin(main)}) by question into train / validation / test.`);
    else {
      todo.push(
        `“${main.name}” is split by description, so answers to one question can land in both training and test, which flatters the scores. In Datasets (Ctrl+1) → Split, keep together “…pairs of the same question” and apply it as a new version, then press “CoNaLa recipe” again.`,
      );
    }
  }
  if (!found.extra) {
    todo.push(
      'CoNaLa-Large was not found, so nothing is added to training. Import CoNaLa-Large_train.csv (columns intent, snippet) in Datasets (Ctrl+1), or choose other extra data below; the recipe also trains without it, to a lower BLEU.',
    );
  } else if (chosen.extraId === found.extra.id) {
    done.push(`Adds “${found.extra.name}” (${origin(found.extra)}) to training only, without repeats or leaks.`);
  }
  return { done, todo };
}
