/** Turns chunks of text into whole lines (a partial last line waits for the next chunk or flush). */
export function lineSplitter(onLine: (line: string) => void): { push(text: string): void; flush(): void } {
  let partial = '';
  return {
    push(text) {
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) onLine(line.replace(/\r$/, ''));
    },
    flush() {
      if (partial) onLine(partial);
      partial = '';
    },
  };
}
