namespace Mik.Durable.Api.AuditRecording;

/// <summary>Splits a batch into lanes by stream, each stream whole and in order, the lanes about equally long.</summary>
internal static class AuditLanes
{
    public static List<List<AuditRecord>> Split(IReadOnlyList<AuditRecord> batch, int lanes)
    {
        var byStream = new Dictionary<string, List<AuditRecord>>(StringComparer.Ordinal);
        foreach (var record in batch)
        {
            if (!byStream.TryGetValue(record.Event.Stream, out var stream)) byStream[record.Event.Stream] = stream = [];
            stream.Add(record);
        }
        var result = new List<List<AuditRecord>>(lanes);
        for (var i = 0; i < lanes; i++) result.Add(new List<AuditRecord>(batch.Count / lanes + 1));
        // Longest streams first, each to the shortest lane so far: one hot stream (auth:<day> under a key-guessing
        // client) fills a lane of its own and the other streams share the rest.
        foreach (var stream in byStream.Values.OrderByDescending(s => s.Count))
        {
            result.MinBy(lane => lane.Count)!.AddRange(stream);
        }
        result.RemoveAll(lane => lane.Count == 0);
        return result;
    }
}
