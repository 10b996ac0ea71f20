import { kindAccepts, sniffText, waveformOf } from './media.rules';

describe('media rules', () => {
  describe('kindAccepts', () => {
    it('takes only decodable raster formats as a photo, never SVG or HTML', () => {
      expect(kindAccepts('PHOTO', 'image/jpeg')).toBe(true);
      expect(kindAccepts('PHOTO', 'image/svg+xml')).toBe(false);
      expect(kindAccepts('PHOTO', 'text/html')).toBe(false);
    });
    it('takes Opus containers as a voice note and anything as a file', () => {
      expect(kindAccepts('VOICE', 'audio/ogg')).toBe(true);
      expect(kindAccepts('VOICE', 'audio/mpeg')).toBe(false);
      expect(kindAccepts('FILE', 'text/html')).toBe(true);
      expect(kindAccepts('VIDEO', 'image/png')).toBe(false);
    });
  });

  describe('sniffText', () => {
    it('names SVG and HTML, with or without an XML prolog, BOM or leading space', () => {
      expect(
        sniffText(Buffer.from('\uFEFF  <?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>')),
      ).toBe('image/svg+xml');
      expect(sniffText(Buffer.from('<!DOCTYPE html><html><script>alert(1)</script>'))).toBe('text/html');
      expect(sniffText(Buffer.from('سلام دنیا'))).toBe('text/plain');
      expect(sniffText(Buffer.from([0, 1, 2, 255]))).toBe('application/octet-stream');
      expect(sniffText(Buffer.alloc(100, 7))).toBe('application/octet-stream');
      expect(sniffText(Buffer.from('a\tb\r\nc'))).toBe('text/plain');
    });
  });

  describe('waveformOf', () => {
    it('gives 64 samples in 0..31 with the loudest span at 31 and silence at 0', () => {
      const pcm = new Int16Array(6400);
      for (let i = 3200; i < 6400; i++) pcm[i] = i % 2 ? 10000 : -10000;
      const wave = waveformOf(pcm);
      expect(wave).toHaveLength(64);
      expect(wave.slice(0, 32).every((v) => v === 0)).toBe(true);
      expect(wave.slice(32).every((v) => v === 31)).toBe(true);
    });
  });
});
