using ByokAgent.Projects;
using ByokAgent.Providers;
using ByokAgent.Providers.Validation;
using ByokAgent.Server.Auth;
using ByokAgent.Server.Errors;
using Microsoft.Extensions.Options;

namespace ByokAgent.Server.ProjectModel;

/// <summary>
/// <c>/v1/project/llm</c>: the project's model config. Read without the key; replaced only after the provider accepted
/// it (422 with the exact validation line otherwise); removed to fall back to the deployment's default.
/// </summary>
internal static class ProjectModelEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/project/llm", async (HttpContext context, IModelConfigStore store, IOptions<DefaultModelOptions> fallback) =>
        {
            var current = await DefaultEntryAsync(store, context.Project().Id, context.RequestAborted);
            return current is not null ? TypedResults.Ok(ProjectModelResponse.From(current))
                : fallback.Value.IsConfigured ? TypedResults.Ok(ProjectModelResponse.From(fallback.Value))
                : NotConfigured();
        }).WithName("GetProjectModel");

        v1.MapPut("/project/llm", PutAsync).WithName("PutProjectModel");

        v1.MapDelete("/project/llm", async (HttpContext context, IModelConfigStore store, IOptions<DefaultModelOptions> fallback) =>
        {
            var projectId = context.Project().Id;
            var removed = false;
            foreach (var entry in await store.ListAsync(projectId, context.RequestAborted))
            {
                removed |= await store.RemoveAsync(projectId, entry.Id, context.RequestAborted);
            }

            if (!removed)
            {
                return NotConfigured();
            }

            return fallback.Value.IsConfigured ? TypedResults.Ok(ProjectModelResponse.From(fallback.Value)) : TypedResults.NoContent();
        }).WithName("DeleteProjectModel");
    }

    private static async Task<IResult> PutAsync(ProjectModelRequest? body, HttpContext context, IModelConfigStore store, IModelValidator validator)
    {
        if (body is null || string.IsNullOrWhiteSpace(body.Provider) || string.IsNullOrWhiteSpace(body.Model))
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, ApiErrorCodes.InvalidBody, "The body needs \"provider\" and \"model\" (and \"api_key\" for most providers).");
        }

        var projectId = context.Project().Id;
        var cancellationToken = context.RequestAborted;
        var current = await DefaultEntryAsync(store, projectId, cancellationToken);
        var config = new ModelConfig
        {
            Provider = body.Provider,
            ApiKey = body.ApiKey,
            ApiHost = body.ApiHost,
            Model = body.Model,
            Extras = body.Extras ?? new Dictionary<string, string>(),
            Headers = body.Headers ?? new Dictionary<string, string>(),
        };

        // No key sent: validate with the stored one, which the update keeps (the store refuses to send it to a new destination).
        var forValidation = config;
        if (string.IsNullOrEmpty(body.ApiKey) && current is not null && await store.GetAsync(projectId, current.Id, cancellationToken) is { } stored)
        {
            forValidation = config with { ApiKey = stored.ApiKey };
        }

        var result = await validator.ValidateAsync(forValidation, cancellationToken: cancellationToken);
        if (!result.IsValid)
        {
            return ApiResults.Error(StatusCodes.Status422UnprocessableEntity, CodeOf(result.Failure!.Value), result.Message, ApiError.FailureName(result.Failure.Value), result.Detail);
        }

        var saved = current is null
            ? await store.AddAsync(projectId, config, makeDefault: true, cancellationToken)
            : await store.UpdateAsync(projectId, current.Id, config, cancellationToken) ?? await store.AddAsync(projectId, config, makeDefault: true, cancellationToken);
        await store.SetStatusAsync(projectId, saved.Id, ModelConfigStatus.Valid, message: null, cancellationToken);
        return TypedResults.Ok(ProjectModelResponse.From(saved with { Status = ModelConfigStatus.Valid }));
    }

    private static string CodeOf(ProviderFailure failure) => failure switch
    {
        ProviderFailure.InvalidKey => ApiErrorCodes.InvalidKey,
        ProviderFailure.InvalidModel => ApiErrorCodes.InvalidModel,
        ProviderFailure.QuotaExceeded => ApiErrorCodes.QuotaExceeded,
        ProviderFailure.RateLimited => ApiErrorCodes.ProviderRateLimited,
        ProviderFailure.Unreachable => ApiErrorCodes.ProviderUnreachable,
        _ => ApiErrorCodes.ProviderError,
    };

    private static async Task<ModelConfigEntry?> DefaultEntryAsync(IModelConfigStore store, string projectId, CancellationToken cancellationToken) =>
        (await store.ListAsync(projectId, cancellationToken)).FirstOrDefault(e => e.IsDefault);

    private static IResult NotConfigured() =>
        ApiResults.Error(StatusCodes.Status404NotFound, ApiErrorCodes.ModelNotConfigured, "This project has no model config and the deployment has no default: PUT /v1/project/llm.");
}
