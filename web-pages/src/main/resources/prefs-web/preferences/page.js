// The standalone page around the element: a token form, and the token handed over by a framing application.
import {acceptTokenFromParent, setToken} from './shared/session.js';
import './preference-center.js';

const form = document.getElementById('token-form');
form.addEventListener('submit', (event) => {
  event.preventDefault();
  setToken(form.elements.token.value);
  form.elements.token.value = '';
});
document.getElementById('forget-token').addEventListener('click', () => setToken(''));
acceptTokenFromParent();
// When framed, the embedding application gives the token; the form is then only in the way.
if (window.parent !== window) {
  form.hidden = true;
}
