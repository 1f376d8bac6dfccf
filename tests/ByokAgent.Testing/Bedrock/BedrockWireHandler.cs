using ByokAgent.Testing.Hosting;
using ByokAgent.Testing.Scripting;

namespace ByokAgent.Testing.Bedrock;

/// <summary>Serves Bedrock Converse and ConverseStream (/model/{id}/converse, /converse-stream).</summary>
internal sealed class BedrockWireHandler(ReplyScript script, IList<string> models) : IWireHandler
{
    // Placeholder until this wire is implemented: claims nothing, so requests fall through to the other wires.
    public bool CanHandle(RecordedRequest request) => script is null && models is null;

    public Task HandleAsync(WireRequest request) => throw new NotSupportedException();
}
