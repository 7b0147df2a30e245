export interface Progress {
  update(text: string): void;
  stop(): void;
}

const SILENT: Progress = { update: () => undefined, stop: () => undefined };

/** An ora spinner on stderr when it is a terminal; otherwise nothing (machine output stays clean). */
export async function startProgress(enabled: boolean, text: string): Promise<Progress> {
  if (!enabled || process.env['CI']) return SILENT;
  const { default: ora } = await import('ora');
  const spinner = ora({ text, stream: process.stderr }).start();
  return {
    update: (t) => {
      spinner.text = t;
    },
    stop: () => spinner.stop(),
  };
}
