namespace Kaizen.Web.Infrastructure;

public static class Fluent
{
    public static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }
}
