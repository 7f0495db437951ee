// The chart controls a person sets once and expects every chart of a view to follow: the EMA
// smoothing of the training loss and the log scale of loss axes.
export class ChartOptions {
  smoothing = $state(0.6);
  logScale = $state(false);
}
