/**
 * Frames as a WebSocket client hands them over, one after another: each decoded from its UTF-8 bytes into its own
 * flat string (Buffer.toString), allocated in arrival order. Neither a view into a recording's text (every character
 * read would go through the view) nor strings scattered among other allocations: a live frame is fresh and next to
 * the one before, and a frame scanner's character loop, unlike JSON.parse, measurably feels the difference.
 */
export function socketFrames(frames: readonly string[]): string[] {
  return frames.map((frame) => Buffer.from(frame, 'utf8').toString('utf8'));
}
