from django.http import JsonResponse


def health(request):  # placeholder, replaced below
    return JsonResponse({"status": "ok"})


live = ready = detailed = health
