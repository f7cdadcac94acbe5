namespace Mik.Durable.Fuzz.Tests;

/// <summary>
/// Deterministic mutations of the seed corpus, in the spirit of afl-fuzz's havoc stage: bit flips, truncations,
/// splices with another seed, inserted, deleted, duplicated and overwritten bytes. The same seed gives the same inputs
/// on every run, so a failure in CI replays locally.
/// </summary>
internal sealed class Mutator(IReadOnlyList<byte[]> seeds, int seed)
{
    // Bytes that mean something to the parsers under test: line ends, separators, quotes, brackets, NUL, high bytes.
    private static readonly byte[] Interesting = "\n\r:=\"'[]{}.,#\\ \t0-"u8.ToArray().Concat(new byte[] { 0x00, 0x7f, 0x80, 0xc3, 0xff }).ToArray();
    private static readonly int[] InterestingInts = [0, 1, -1, 8, 12, 32, 64, 127, 128, 255, 256, 1024, 65536, int.MaxValue, int.MinValue];

    private readonly Random _random = new(seed);

    public IEnumerable<byte[]> Take(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var input = seeds[_random.Next(seeds.Count)].ToList();
            var steps = 1 + _random.Next(4);
            for (var s = 0; s < steps; s++) Mutate(input);
            yield return [.. input];
        }
    }

    private void Mutate(List<byte> input)
    {
        switch (_random.Next(8))
        {
            case 0 when input.Count > 0:
                var at = _random.Next(input.Count);
                input[at] ^= (byte)(1 << _random.Next(8));
                break;
            case 1 when input.Count > 0:
                var cut = _random.Next(input.Count);
                input.RemoveRange(cut, input.Count - cut);
                break;
            case 2:
                var other = seeds[_random.Next(seeds.Count)];
                var from = _random.Next(other.Length + 1);
                var into = _random.Next(input.Count + 1);
                input.RemoveRange(into, input.Count - into);
                input.AddRange(other.Skip(from));
                break;
            case 3:
                var bytes = Enumerable.Range(0, 1 + _random.Next(4)).Select(_ => Interesting[_random.Next(Interesting.Length)]);
                input.InsertRange(_random.Next(input.Count + 1), bytes);
                break;
            case 4 when input.Count > 0:
                var start = _random.Next(input.Count);
                input.RemoveRange(start, Math.Min(input.Count - start, 1 + _random.Next(16)));
                break;
            case 5 when input.Count > 0:
                var chunkStart = _random.Next(input.Count);
                var chunk = input.GetRange(chunkStart, Math.Min(input.Count - chunkStart, 1 + _random.Next(32)));
                input.InsertRange(_random.Next(input.Count + 1), chunk);
                break;
            case 6 when input.Count >= 4:
                var position = _random.Next(input.Count - 3);
                var value = BitConverter.GetBytes(InterestingInts[_random.Next(InterestingInts.Length)]);
                for (var k = 0; k < 4; k++) input[position + k] = value[k];
                break;
            default:
                if (input.Count > 0) input[_random.Next(input.Count)] = (byte)_random.Next(256);
                else input.Add((byte)_random.Next(256));
                break;
        }
    }
}
