using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Mik.Durable.Api.ModuleChanges;

namespace Mik.Durable.Api.Admin;

/// <summary>
/// Turns the admin API's refusals into RFC 7807 problem+json: invalid input → 400 naming each parameter (in its
/// wire spelling, <c>since</c>, <c>limit</c>), and the exceptions of <see cref="AdminException"/> → their status.
/// </summary>
internal sealed class AdminProblems(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails? problem = exception switch
        {
            ValidationException invalid => new HttpValidationProblemDetails(invalid.Errors
                .GroupBy(e => JsonNamingPolicy.SnakeCaseLower.ConvertName(e.PropertyName))
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray()))
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "invalid request",
                Detail = string.Join("; ", invalid.Errors.Select(e =>
                    JsonNamingPolicy.SnakeCaseLower.ConvertName(e.PropertyName) + ": " + e.ErrorMessage)),
            },
            ConcurrentModuleChangeException conflict =>
                new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "conflict", Detail = conflict.Message },
            AdminException admin => Problem(admin),
            _ => null,
        };
        if (problem is null) return false;
        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails Problem(AdminException admin)
    {
        var problem = new ProblemDetails { Status = admin.Status, Title = admin.Title, Detail = admin.Message };
        if (admin.Error is not null) problem.Extensions["error"] = admin.Error;
        return problem;
    }
}
