using ByokAgent.Testing.Hosting;
using ByokAgent.Testing.Scripting;

namespace ByokAgent.Testing.Azure;

/// <summary>Serves Azure OpenAI deployments (/openai/deployments/{deployment}/chat/completions?api-version=...).</summary>
internal sealed class AzureOpenAIWireHandler(ReplyScript script, IList<string> models) : IWireHandler
{
    // Placeholder until this wire is implemented: claims nothing, so requests fall through to the other wires.
    public bool CanHandle(RecordedRequest request) => script is null && models is null;

    public Task HandleAsync(WireRequest request) => throw new NotSupportedException();
}
