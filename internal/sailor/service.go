package sailor

import (
	"context"
	"fmt"
)

// CallService runs a service-mode method (sailor-protocol.md 8) and returns
// the data of its result:
//   - verifyCredentials: {"verified": true}, or {"verified": false,
//     "reason": ...} when the check fails (still a successful call);
//     without a registered check, {"verified": true};
//   - getMetaModel: the {in, out} schemas of function;
//   - selectModel: the {value: label} map of function's model.
func CallService(ctx context.Context, r *Registry, method, function, model string, req *ServiceRequest) (any, error) {
	switch method {
	case "verifyCredentials":
		if r.verify == nil {
			return map[string]any{"verified": true}, nil
		}
		if err := r.verify(ctx, req); err != nil {
			return map[string]any{"verified": false, "reason": err.Error()}, nil
		}
		return map[string]any{"verified": true}, nil
	case "getMetaModel":
		f, err := r.lookupMeta(function)
		if err != nil {
			return nil, err
		}
		return f(ctx, req)
	case "selectModel":
		f, err := r.lookupModel(function, model)
		if err != nil {
			return nil, err
		}
		return f(ctx, req)
	}
	return nil, fmt.Errorf("sailor: unknown service method %q: want verifyCredentials, getMetaModel or selectModel", method)
}
