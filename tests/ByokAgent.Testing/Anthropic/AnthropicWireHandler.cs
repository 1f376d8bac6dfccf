using ByokAgent.Testing.Hosting;
using ByokAgent.Testing.Scripting;

namespace ByokAgent.Testing.Anthropic;

/// <summary>Serves Anthropic Messages (POST /v1/messages, JSON and SSE).</summary>
internal sealed class AnthropicWireHandler(ReplyScript script, IList<string> models) : IWireHandler
{
    // Placeholder until this wire is implemented: claims nothing, so requests fall through to the other wires.
    public bool CanHandle(RecordedRequest request) => script is null && models is null;

    public Task HandleAsync(WireRequest request) => throw new NotSupportedException();
}
