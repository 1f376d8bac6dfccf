using System.ClientModel.Primitives;

namespace ByokAgent.Providers.AzureOpenAI;

/// <summary>Adds Azure's required <c>api-version</c> query parameter to every request of the deployments API.</summary>
/// <remarks>
/// Hand-written: System.ClientModel has no policy for a fixed query parameter, and the OpenAI SDK builds its URLs from the
/// endpoint's path only. A request that already names an api-version keeps it.
/// </remarks>
internal sealed class AzureApiVersionPolicy(string apiVersion) : PipelinePolicy
{
    private const string Name = "api-version";

    private readonly string _parameter = $"{Name}={Uri.EscapeDataString(apiVersion)}";

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        AddApiVersion(message.Request);
        ProcessNext(message, pipeline, currentIndex);
    }

    public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        AddApiVersion(message.Request);
        return ProcessNextAsync(message, pipeline, currentIndex);
    }

    private void AddApiVersion(PipelineRequest request)
    {
        if (request.Uri is not { } uri)
        {
            return;
        }

        var query = uri.Query.TrimStart('?');
        if (query.Split('&').Any(pair => pair.StartsWith(Name + "=", StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        request.Uri = new UriBuilder(uri) { Query = query.Length == 0 ? _parameter : $"{query}&{_parameter}" }.Uri;
    }
}
