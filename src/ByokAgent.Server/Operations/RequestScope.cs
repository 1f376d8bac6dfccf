using System.Collections;

namespace ByokAgent.Server.Operations;

/// <summary>The logging scope of one request: <c>request_id</c>, as structured providers (JSON console, OTLP) show it.</summary>
internal sealed class RequestScope(string requestId) : IReadOnlyList<KeyValuePair<string, object>>
{
    public int Count => 1;

    public KeyValuePair<string, object> this[int index] =>
        index == 0 ? new(RequestIds.ScopeProperty, requestId) : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
    {
        yield return this[0];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"{RequestIds.ScopeProperty}:{requestId}";
}
