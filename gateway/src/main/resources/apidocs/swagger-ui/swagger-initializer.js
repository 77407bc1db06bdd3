// Chorus: Swagger UI over the gateway's own OpenAPI document. No online validator (it would send the document
// to a third party, and the page's Content-Security-Policy allows only this origin); no top bar to load others.
window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: "/v3/api-docs",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    displayRequestDuration: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
  });
};
