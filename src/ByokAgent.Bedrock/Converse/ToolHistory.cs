namespace ByokAgent.Bedrock.Converse;

/// <summary>What the request's messages say about tools, collected while they are mapped.</summary>
internal sealed class ToolHistory
{
    private readonly List<string> _calledToolNames = [];

    /// <summary>Whether any message holds a <c>toolUse</c> or <c>toolResult</c> block.</summary>
    public bool HasToolBlocks { get; private set; }

    /// <summary>The names of the tools the history calls, in order of first call.</summary>
    public IEnumerable<string> CalledToolNames => _calledToolNames.Distinct(StringComparer.Ordinal);

    public void AddCall(string name)
    {
        HasToolBlocks = true;
        _calledToolNames.Add(name);
    }

    public void AddResult() => HasToolBlocks = true;
}
