export { RecordingError, type RecordingErrorReason } from './errors.js';
export { createReceiveClock, receiveNs } from './receive-clock.js';
export { TIMELINE_SUFFIX, PART_SUFFIX, timelineFileName, parseTimelineName, fileSymbol, utcStamp, type TimelineName } from './timeline-name.js';
export { TimelineWriter, type TimelineWriterOptions, type RecordingEvent } from './timeline-writer.js';
export { TimelineRecorder, type TimelineRecorderOptions } from './timeline-recorder.js';
export { readTimelineFile, type TimelineLine } from './timeline-reader.js';
export { recordingConnector, type RecordingOptions } from './recording-connector.js';
export { loadReplayTimeline, type ReplayEntry, type TimelineSource } from './replay-timeline.js';
export { replayConnector, type ReplayOptions, type ReplaySpeed, type ReplaySummary, type ReplayingConnector } from './replay-connector.js';
