// The names main and preload agree on (both bundle this file): the one IPC channel for requests,
// the one for pushed events, and the command-line switch that hands the app version to the preload.
export const INVOKE_CHANNEL = 'studio:invoke';
export const EVENT_CHANNEL = 'studio:event';
export const VERSION_ARGUMENT = '--studio-version=';
