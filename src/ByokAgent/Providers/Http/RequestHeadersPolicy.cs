using System.ClientModel.Primitives;

namespace ByokAgent.Providers.Http;

/// <summary>Adds a config's extra headers (OpenRouter's <c>HTTP-Referer</c>, <c>X-Title</c>) to every request of a pipeline.</summary>
/// <remarks>Hand-written: System.ClientModel has no ready policy for static headers.</remarks>
internal sealed class RequestHeadersPolicy(IReadOnlyDictionary<string, string> headers) : PipelinePolicy
{
    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        AddHeaders(message);
        ProcessNext(message, pipeline, currentIndex);
    }

    public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        AddHeaders(message);
        return ProcessNextAsync(message, pipeline, currentIndex);
    }

    private void AddHeaders(PipelineMessage message)
    {
        foreach (var (name, value) in headers)
        {
            message.Request.Headers.Set(name, value);
        }
    }
}
