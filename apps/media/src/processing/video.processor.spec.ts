import { parseProbe } from './video.processor';

describe('parseProbe', () => {
  it('reads the first video stream’s size and the duration', () => {
    const json = JSON.stringify({ streams: [{ width: 640, height: 360, duration: '2.000000' }], format: { duration: '2.041000' } });
    expect(parseProbe(json)).toEqual({ width: 640, height: 360, durationSeconds: 2.04 });
  });

  it('turns the size of a video recorded upright (rotation ±90)', () => {
    const stream = { width: 1920, height: 1080, side_data_list: [{ rotation: -90 }] };
    expect(parseProbe(JSON.stringify({ streams: [stream], format: { duration: '1' } }))).toMatchObject({ width: 1080, height: 1920 });
    const flipped = { ...stream, side_data_list: [{ rotation: 180 }] };
    expect(parseProbe(JSON.stringify({ streams: [flipped] }))).toEqual({ width: 1920, height: 1080, durationSeconds: null });
  });

  it('finds nothing without a video stream or in broken output', () => {
    expect(parseProbe(JSON.stringify({ streams: [], format: { duration: '3' } }))).toBeUndefined();
    expect(parseProbe('{')).toBeUndefined();
  });
});
