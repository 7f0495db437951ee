// What the attention inspector is asked to open, from the playground or a run's samples panel:
// a prompt and its code, read by a run's checkpoint. Lives in lib because features hand it over.
import type { DecodedSampleData } from '../../shared/api/types';
import type { AttentionRequest } from '../../shared/attention/inspection';
import type { CheckpointChoice } from '../../shared/generation/generation';
import { checkpointName } from '../../shared/runs/checkpoint-name';

export interface InspectSubject {
  runId: string;
  checkpoint: CheckpointChoice;
  prompt: string;
  target: AttentionRequest['target'];
  /** Where it came from, for the header ("Playground · beam 2", "Sample at step 600"). */
  label: string;
}

export type OpenInspector = (subject: InspectSubject) => void;

/** A validation sample: its prompt and the model's output, read by the checkpoint of that evaluation. */
export function sampleSubject(runId: string, sample: DecodedSampleData, step: number): InspectSubject {
  return { runId, checkpoint: checkpointName(step), prompt: sample.description, target: { code: sample.hypothesis }, label: `Sample at step ${step.toLocaleString('en')}` };
}
