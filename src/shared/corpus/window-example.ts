// A code window as a pretraining example for the encoder-decoder: an empty source (EOS alone) and
// the window as target. Tokens outside the run's target vocabulary are read as <unk> but never
// trained as outputs (their labels are padding, which the loss skips): a corpus full of names the
// pairs never use must not teach the decoder to write <unk>.
import type { EncodedExample } from '../codec/pair-codec';
import { BOS_ID, EOS_ID, PAD_ID, UNK_ID, type Vocab } from '../tokenizer/vocab';

const EMPTY_SOURCE = Int32Array.of(EOS_ID);

export function windowExample(tokens: readonly string[], vocab: Vocab): { example: EncodedExample; unknown: number } {
  const inputs = Int32Array.from([BOS_ID, ...vocab.encode(tokens), EOS_ID]);
  let unknown = 0;
  const labels = inputs.map((id) => {
    if (id !== UNK_ID) return id;
    unknown++;
    return PAD_ID;
  });
  return { example: unknown ? { source: EMPTY_SOURCE, target: labels, targetInput: inputs } : { source: EMPTY_SOURCE, target: inputs }, unknown };
}
